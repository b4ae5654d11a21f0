import { headers } from "next/headers";
import { createContext } from "./context";
import { createCaller } from "./root";

/** For server components: call procedures directly with the request's own credentials. */
export async function serverCaller() {
  return createCaller(createContext({ headers: new Headers(await headers()) }));
}
