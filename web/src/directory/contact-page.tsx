import { Title } from "@mantine/core";

export function ContactPage() {
  return (
    <Title order={1} size="h2">
      ContactPage
    </Title>
  );
}
