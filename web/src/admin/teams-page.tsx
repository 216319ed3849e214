import { Title } from "@mantine/core";

export function TeamsPage() {
  return (
    <Title order={1} size="h2">
      TeamsPage
    </Title>
  );
}
