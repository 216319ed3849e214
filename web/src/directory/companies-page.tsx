import { Title } from "@mantine/core";

export function CompaniesPage() {
  return (
    <Title order={1} size="h2">
      CompaniesPage
    </Title>
  );
}
