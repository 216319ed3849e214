import { Alert, Anchor, Button, Group, Paper, Progress, Stack, Text } from "@mantine/core";
import { type DragEvent, useRef, useState } from "react";
import { errorMessage, type Schemas } from "../api/client";
import { uploadFiles } from "../api/upload";
import { RelativeTime } from "../components/relative-time";

type Props = {
  ticketId: string;
  attachments: Schemas["Attachment"][];
  canUpload: boolean;
  onChanged: () => void;
  onDelete: (id: string) => Promise<unknown>;
};

/** The ticket's files with human-readable sizes; drop files (or choose them) to upload with progress. */
export function AttachmentsPanel({ ticketId, attachments, canUpload, onChanged, onDelete }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  async function upload(files: File[]) {
    if (!files.length || !canUpload) return;
    setError(null);
    setProgress(0);
    try {
      await uploadFiles(`/api/v1/tickets/${ticketId}/attachments`, files, setProgress);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setProgress(null);
      if (input.current) input.current.value = "";
    }
  }
  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files]);
  }

  return (
    <Stack gap="xs">
      {attachments.length === 0 && (
        <Text fz="sm" c="gray.7">
          No attachments.
        </Text>
      )}
      {attachments.map((file) => (
        <Group key={file.id} justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Anchor href={file.download_url} fz="sm" style={{ wordBreak: "break-all" }}>
              {file.name}
            </Anchor>
            <Text fz="xs" c="gray.7">
              {file.size_display} · {file.uploaded_by?.name ?? "Unknown"} ·{" "}
              <RelativeTime iso={file.created_at} />
            </Text>
          </div>
          {file.abilities.delete && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              c="red.9"
              onClick={() => void onDelete(file.id)}
              aria-label={`Delete ${file.name}`}
            >
              Delete
            </Button>
          )}
        </Group>
      ))}
      {canUpload && (
        <Paper
          withBorder
          p="sm"
          style={{ borderStyle: "dashed", textAlign: "center" }}
          bg={dragging ? "indigo.0" : undefined}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
          data-testid="dropzone"
        >
          <Text fz="sm" mb={6}>
            Drop files here or
          </Text>
          <input
            ref={input}
            id={`upload-${ticketId}`}
            type="file"
            multiple
            hidden
            onChange={(e) => void upload([...(e.currentTarget.files ?? [])])}
          />
          <Button
            size="xs"
            variant="default"
            onClick={() => input.current?.click()}
            disabled={progress !== null}
          >
            Choose files
          </Button>
          {progress !== null && (
            <Progress value={progress * 100} mt="xs" aria-label="Upload progress" animated />
          )}
        </Paper>
      )}
      {error && (
        <Alert color="red" role="alert" p="xs">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
