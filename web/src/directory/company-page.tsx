import { Title } from "@mantine/core";

export function CompanyPage() {
  return (
    <Title order={1} size="h2">
      CompanyPage
    </Title>
  );
}
