import { Title } from "@mantine/core";

export function AttachmentsPage() {
  return (
    <Title order={1} size="h2">
      AttachmentsPage
    </Title>
  );
}
