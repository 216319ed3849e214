import {
  Alert,
  Button,
  Group,
  Paper,
  Pill,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { type FormEvent, type Ref, useRef, useState } from "react";
import { errorMessage, type Schemas } from "../api/client";
import { uploadFiles } from "../api/upload";
import { CcInput, ccFieldError } from "../components/cc-input";

export type Reply = { text: string; is_internal: boolean; cc?: string[]; attachment_ids?: string[] };

type Upload = { id: string; name: string; size: string };

type Props = {
  /** From the ticket's abilities.comment; the box is read-only when false. */
  canComment: boolean;
  onSend: (reply: Reply) => Promise<unknown>;
  textareaRef?: Ref<HTMLTextAreaElement>;
  /** Addresses offered for the Cc of a public reply (the company's contacts). */
  ccSuggestions?: string[];
  /** With the ticket's id and abilities.upload, files can be attached to the reply. */
  ticketId?: string;
  canUpload?: boolean;
  /** A file uploaded for the reply and then removed from it: the caller deletes it from the ticket. */
  onDiscardFile?: (id: string) => void;
};

/**
 * Public reply or internal note; an internal note is tinted like it will appear in the conversation.
 * A public reply may copy more addresses (Cc); either may carry files, uploaded when chosen.
 */
export function ReplyBox({
  canComment,
  onSend,
  textareaRef,
  ccSuggestions = [],
  ticketId,
  canUpload = false,
  onDiscardFile,
}: Props) {
  const [mode, setMode] = useState<"public" | "internal">("public");
  const [text, setText] = useState("");
  const [cc, setCc] = useState<string[]>([]);
  const [ccOpen, setCcOpen] = useState(false);
  const [files, setFiles] = useState<Upload[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ccError, setCcError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const internal = mode === "internal";
  const canAttach = canComment && canUpload && Boolean(ticketId);
  const uploading = progress !== null;
  const showCc = !internal && (ccOpen || cc.length > 0 || ccError !== undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setError("Write something first");
      return;
    }
    if (uploading) return;
    // An internal note is never mailed: its Cc is kept for a public reply, not sent.
    const sentCc = internal ? [] : cc;
    setBusy(true);
    setError(null);
    setCcError(undefined);
    try {
      await onSend({
        text,
        is_internal: internal,
        ...(sentCc.length ? { cc: sentCc } : {}),
        ...(files.length ? { attachment_ids: files.map((f) => f.id) } : {}),
      });
      setText("");
      setCc([]);
      setCcOpen(false);
      setFiles([]);
    } catch (caught) {
      setError(errorMessage(caught));
      setCcError(ccFieldError(caught, sentCc));
    } finally {
      setBusy(false);
    }
  }

  async function attach(chosen: File[]) {
    if (!chosen.length || !canAttach) return;
    setError(null);
    setProgress(0);
    try {
      const answer = (await uploadFiles(`/api/v1/tickets/${ticketId}/attachments`, chosen, setProgress)) as {
        results: Schemas["Attachment"][];
      };
      const added = answer.results.map((f) => ({ id: f.id, name: f.name, size: f.size_display }));
      setFiles((current) => [...current, ...added]);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setProgress(null);
      if (fileInput.current) fileInput.current.value = "";
    }
  }

  function discard(file: Upload) {
    setFiles((current) => current.filter((f) => f.id !== file.id));
    onDiscardFile?.(file.id);
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
        <Group justify="space-between" gap="xs">
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
          {!internal && cc.length === 0 && (
            <Button
              size="compact-sm"
              variant="subtle"
              aria-expanded={showCc}
              disabled={!canComment}
              onClick={() => setCcOpen((open) => !open)}
            >
              {showCc ? "Hide Cc" : "Cc"}
            </Button>
          )}
        </Group>
        {internal && cc.length > 0 && (
          <Text fz="xs" c="gray.7">
            Internal notes are never mailed: the Cc is kept for a public reply.
          </Text>
        )}
        {showCc && (
          <CcInput
            label="Cc on this reply"
            value={cc}
            onChange={setCc}
            suggestions={ccSuggestions}
            error={ccError}
            disabled={!canComment}
          />
        )}
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
        {files.length > 0 && (
          <Pill.Group aria-label="Files attached to this reply">
            {files.map((file) => (
              <Pill
                key={file.id}
                withRemoveButton
                onRemove={() => discard(file)}
                removeButtonProps={{ tabIndex: 0, "aria-hidden": false, "aria-label": `Remove ${file.name}` }}
                maw="100%"
              >
                {file.name} ({file.size})
              </Pill>
            ))}
          </Pill.Group>
        )}
        {progress !== null && <Progress value={progress * 100} aria-label="Upload progress" animated />}
        {error && (
          <Alert color="red" role="alert" p="xs">
            {error}
          </Alert>
        )}
        <Group justify="space-between" gap="xs">
          {canAttach ? (
            <>
              <input
                ref={fileInput}
                type="file"
                multiple
                hidden
                aria-label="Files to attach to the reply"
                onChange={(e) => void attach([...(e.currentTarget.files ?? [])])}
              />
              <Button
                variant="default"
                size="sm"
                disabled={uploading || busy}
                onClick={() => fileInput.current?.click()}
              >
                Attach files
              </Button>
            </>
          ) : (
            <span />
          )}
          <Button
            type="submit"
            loading={busy}
            disabled={!canComment || uploading}
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
