import { requestOrigin } from "@/lib/audit/record";

/** Client address and user agent of a route handler's request, for audit rows. */
export function fromRequest(request: Request) {
  return requestOrigin(request.headers);
}
