import { Alert, Button, Checkbox, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { ApiError, api, errorMessage, unwrap } from "../api/client";
import { useSetupStatus, useSignedIn } from "../api/session";
import { Loading } from "../components/query-state";
import { AuthFrame } from "./auth-frame";

/** First run: creates the first admin, who is signed in straight away. */
export function SetupPage() {
  const status = useSetupStatus(true);
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [withDemoData, setWithDemoData] = useState(false);

  if (status.isPending) return <Loading />;
  // Already set up: the app itself sends anyone not signed in to the sign-in screen.
  if (status.data && !status.data.needs_setup) return <Navigate to="/" replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await unwrap(api.POST("/api/v1/setup", { body: form })));
      if (withDemoData) await loadDemoData();
      await navigate("/", { replace: true });
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }
  /** The admin exists by now: a failed demo load is reported, and the app opens anyway. */
  async function loadDemoData() {
    try {
      const demo = await unwrap(api.POST("/api/v1/demo-data", { body: { tickets: 500 } }));
      notifications.show({
        color: "green",
        title: "Demo data loaded",
        message: `${demo.tickets} tickets from ${demo.companies} companies; demo agents sign in with “${demo.agent_password}”.`,
        autoClose: false,
      });
    } catch (caught) {
      notifications.show({
        color: "red",
        title: "Demo data not loaded",
        message: errorMessage(caught),
      });
    }
  }
  const fieldError = (field: string) =>
    error instanceof ApiError ? error.details.find((d) => d.field === field)?.message : undefined;

  return (
    <AuthFrame title="Welcome to Ticketdesk">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">Create the first administrator account. You can invite your team afterwards.</Text>
          {error && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <TextInput
            label="Your name"
            required
            autoComplete="name"
            value={form.name}
            error={fieldError("name")}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="username"
            value={form.email}
            error={fieldError("email")}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            required
            autoComplete="new-password"
            value={form.password}
            error={fieldError("password")}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
          />
          <Checkbox
            label="Load demo data"
            description="500 sample tickets with companies, contacts and agents, to explore Ticketdesk"
            checked={withDemoData}
            onChange={(e) => setWithDemoData(e.currentTarget.checked)}
          />
          <Button type="submit" loading={busy}>
            Create admin and sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
