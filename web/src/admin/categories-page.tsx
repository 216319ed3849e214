import { Title } from "@mantine/core";

export function CategoriesPage() {
  return (
    <Title order={1} size="h2">
      CategoriesPage
    </Title>
  );
}
