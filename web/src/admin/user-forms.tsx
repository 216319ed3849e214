import { Alert, Button, Modal, PasswordInput, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, type Schemas, unwrap } from "../api/client";
import { asOptions, useTeams } from "../api/lookups";

export function NewUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const teams = useTeams();
  const blank = {
    name: "",
    email: "",
    password: "",
    role: "agent" as "agent" | "admin",
    team_id: null as string | null,
  };
  const [form, setForm] = useState(blank);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/users", { body: form })),
    onSuccess: async (user) => {
      notifications.show({ color: "green", message: `${user.name} can now sign in` });
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      setForm(blank);
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Modal opened={opened} onClose={onClose} title="New user">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label="Email"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          />
          <PasswordInput
            label="Initial password"
            description="At least 10 characters"
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
          />
          <Select
            label="Role"
            data={[
              { value: "agent", label: "Agent" },
              { value: "admin", label: "Admin" },
            ]}
            value={form.role}
            allowDeselect={false}
            onChange={(role) => setForm({ ...form, role: role === "admin" ? "admin" : "agent" })}
          />
          <Select
            label="Team"
            placeholder="No team"
            data={asOptions(teams.data?.results)}
            value={form.team_id}
            clearable
            onChange={(team_id) => setForm({ ...form, team_id })}
          />
          {create.error && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose }: { user: Schemas["User"] | null; onClose: () => void }) {
  const [password, setPassword] = useState("");
  const reset = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/users/{id}/password", {
          params: { path: { id: user?.id ?? "" } },
          body: { password },
        }),
      ),
    onSuccess: () => {
      notifications.show({
        color: "green",
        message: `Password changed; ${user?.name} was signed out everywhere`,
      });
      setPassword("");
      onClose();
    },
  });
  return (
    <Modal opened={user !== null} onClose={onClose} title={`Reset password for ${user?.name ?? ""}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          reset.mutate();
        }}
      >
        <Stack gap="sm">
          <PasswordInput
            label="New password"
            description="At least 10 characters"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {reset.error && (
            <Alert color="red" role="alert">
              {errorMessage(reset.error)}
            </Alert>
          )}
          <Button type="submit" loading={reset.isPending}>
            Set password
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
