import { Alert, Button, Group, Paper, SegmentedControl, Stack, Textarea } from "@mantine/core";
import { type FormEvent, type Ref, useState } from "react";
import { errorMessage } from "../api/client";

export type Reply = { text: string; is_internal: boolean };

type Props = {
  /** From the ticket's abilities.comment; the box is read-only when false. */
  canComment: boolean;
  onSend: (reply: Reply) => Promise<unknown>;
  textareaRef?: Ref<HTMLTextAreaElement>;
};

/** Public reply or internal note; an internal note is tinted like it will appear in the conversation. */
export function ReplyBox({ canComment, onSend, textareaRef }: Props) {
  const [mode, setMode] = useState<"public" | "internal">("public");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const internal = mode === "internal";

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setError("Write something first");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSend({ text, is_internal: internal });
      setText("");
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper
      withBorder
      p="sm"
      bg={internal ? "yellow.0" : undefined}
      component="form"
      onSubmit={submit}
      aria-label="Reply"
    >
      <Stack gap="xs">
        <SegmentedControl
          aria-label="Reply type"
          value={mode}
          onChange={(value) => setMode(value as "public" | "internal")}
          data={[
            { value: "public", label: "Public reply" },
            { value: "internal", label: "Internal note" },
          ]}
          disabled={!canComment}
          w="fit-content"
        />
        <Textarea
          ref={textareaRef}
          label={internal ? "Internal note (only agents see this)" : "Reply to the customer"}
          autosize
          minRows={3}
          maxRows={12}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          disabled={!canComment}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
          }}
        />
        {error && (
          <Alert color="red" role="alert" p="xs">
            {error}
          </Alert>
        )}
        <Group justify="space-between">
          <span />
          <Button
            type="submit"
            loading={busy}
            disabled={!canComment}
            color={internal ? "yellow.5" : undefined}
            autoContrast
          >
            {internal ? "Add internal note" : "Send reply"}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
