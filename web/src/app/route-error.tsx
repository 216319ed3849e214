import { Alert, Anchor, Stack, Title } from "@mantine/core";
import { Link, useRouteError } from "react-router";
import { errorMessage } from "../api/client";

export function RouteError() {
  const error = useRouteError();
  return (
    <Stack p="md" component="main">
      <Title order={1}>Something went wrong</Title>
      <Alert color="red" role="alert">
        {errorMessage(error)}
      </Alert>
      <Anchor component={Link} to="/tickets">
        Back to the ticket queue
      </Anchor>
    </Stack>
  );
}

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={1}>Page not found</Title>
      <Anchor component={Link} to="/tickets">
        Back to the ticket queue
      </Anchor>
    </Stack>
  );
}
