import { PageHeaderStatic } from "../_components/page-header-static";
import { ManifestEditor } from "../_components/manifest-editor";

export const metadata = { title: "New integration" };

export default function NewIntegrationPage() {
  return (
    <div>
      <PageHeaderStatic
        title="New integration"
        description="Upload or write a manifest (YAML or JSON). Saving stores it as a draft version; publish it from the integration's page."
      />
      <ManifestEditor />
    </div>
  );
}
