import { ApiKeysPanel } from "./api-keys-panel";
import { MembersPanel } from "./members-panel";

export const metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <ApiKeysPanel />
      <MembersPanel />
    </div>
  );
}
