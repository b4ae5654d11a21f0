import { ApiKeysPanel } from "./api-keys-panel";
import { EmbedPanel } from "./embed-panel";
import { MembersPanel } from "./members-panel";
import { OAuthAppsPanel } from "./oauth-apps-panel";
import { RetentionPanel } from "./retention-panel";

export const metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <ApiKeysPanel />
      <OAuthAppsPanel />
      <EmbedPanel />
      <MembersPanel />
      <RetentionPanel />
    </div>
  );
}
