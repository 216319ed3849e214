import { Title } from "@mantine/core";

export function ApiTokensPage() {
  return (
    <Title order={1} size="h2">
      ApiTokensPage
    </Title>
  );
}
