import { getCsrfToken, toApiError } from "./client";

/**
 * Uploads files as multipart `file` parts with XMLHttpRequest, which (unlike fetch) reports
 * upload progress. Resolves with the API's JSON answer; rejects with an ApiError.
 */
export function uploadFiles(
  url: string,
  files: File[],
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response);
      else reject(toApiError(xhr.status, xhr.response));
    };
    xhr.onerror = () => reject(toApiError(0, { error: { message: "The upload failed: network error" } }));
    xhr.send(form);
  });
}
