import type { ApiApp } from "../server/app.js";

export type Operation = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
  multipart: boolean;
};

type OpenApiDocument = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
      }
    >
  >;
};

/** Every operation the API documents, read from its own OpenAPI document. */
export async function listOperations(app: ApiApp): Promise<Operation[]> {
  const response = await app.inject({ method: "GET", url: "/api/v1/openapi.json" });
  const document = response.json() as OpenApiDocument;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const upper = method.toUpperCase();
      if (!["GET", "POST", "PATCH", "PUT", "DELETE"].includes(upper)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      operations.push({
        method: upper as Operation["method"],
        path,
        pathParams: params.filter((p) => p.in === "path").map((p) => p.name),
        queryParams: params.filter((p) => p.in === "query").map((p) => p.name),
        bodyFields: Object.keys(content["application/json"]?.schema?.properties ?? {}),
        multipart: "multipart/form-data" in content,
      });
    }
  }
  return operations;
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? "x"));
}
