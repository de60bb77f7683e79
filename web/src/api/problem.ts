// Errors from the API arrive as RFC 9457 problem documents. The app needs two things from one:
// a sentence to show, and which request fields it names, so each message sits next to its field.

export interface FieldError {
  field: string;
  rule: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly fieldErrors: FieldError[];
  constructor(status: number, type: string, message: string, fieldErrors: FieldError[]) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
    this.fieldErrors = fieldErrors;
  }

  /** The rule the server gave for one field, if it named that field. */
  forField(field: string): string | undefined {
    return this.fieldErrors.find((entry) => lastSegment(entry.field) === field)?.rule;
  }
}

/** `body.quantity`, `/quantity` or `--quantity` all name the field `quantity`. */
function lastSegment(field: string): string {
  return field.replace(/^-+/, '').split(/[./]/).filter(Boolean).at(-1) ?? field;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Field errors in the shapes problem documents use: `errors`, `invalid_params`, or one `field`. */
function readFieldErrors(body: Record<string, unknown>, detail: string): FieldError[] {
  const lists = [body['errors'], body['invalid_params'], body['issues']];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    const entries = list.filter(isRecord).flatMap((entry) => {
      const field = text(entry['field']) ?? text(entry['name']) ?? text(entry['path']);
      const rule = text(entry['rule']) ?? text(entry['reason']) ?? text(entry['message']);
      return field && rule ? [{ field, rule }] : [];
    });
    if (entries.length > 0) return entries;
  }
  const field = text(body['field']);
  if (field) return [{ field, rule: detail }];
  // The server's InputError text is `field: rule; field: rule`.
  return detail.split('; ').flatMap((part) => {
    const match = /^([\w.[\]/-]+): (.+)$/.exec(part);
    return match?.[1] && match[2] ? [{ field: match[1], rule: match[2] }] : [];
  });
}

export function toApiError(status: number, body: unknown, fallback: string): ApiError {
  if (!isRecord(body)) return new ApiError(status, 'about:blank', fallback, []);
  const detail = text(body['detail']) ?? text(body['title']) ?? fallback;
  return new ApiError(
    status,
    text(body['type']) ?? 'about:blank',
    detail,
    readFieldErrors(body, detail),
  );
}
