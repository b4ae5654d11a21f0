/**
 * One error type for the whole server. Its code decides the HTTP status for route handlers and
 * the tRPC code for procedures, so both answer the same way.
 */
export const appErrorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return appErrorStatus[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The one error body every HTTP answer uses: code, message and (when known) the field at fault. */
export interface ErrorBody {
  error: { code: AppErrorCode; message: string; field?: string };
}

export function errorBody(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.details.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.details.retryAfterSeconds);
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...(error.details.field ? { field: error.details.field } : {}) } },
      headers,
    };
  }
  // Unknown errors never reach the client with their message or stack: they may carry internals.
  return {
    status: 500,
    body: { error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. It has been logged." } },
    headers: {},
  };
}
