import { Title } from "@mantine/core";

export function CommentsPage() {
  return (
    <Title order={1} size="h2">
      CommentsPage
    </Title>
  );
}
