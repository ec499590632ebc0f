"use client";
import { lazy, Suspense, type ComponentProps } from "react";

// The share section sits at the foot of the report and is rendered on the server; its forms'
// code is fetched after the page's first load (React's `lazy` is not preloaded) and takes
// over the server's HTML when it arrives.
const Create = lazy(() => import("./create-share-link-form").then((m) => ({ default: m.CreateShareLinkForm })));
const Revoke = lazy(() => import("./revoke-share-link-button").then((m) => ({ default: m.RevokeShareLinkButton })));

export function CreateShareLinkControl(props: ComponentProps<typeof Create>) {
  return (
    <Suspense>
      <Create {...props} />
    </Suspense>
  );
}

export function RevokeShareLinkControl(props: ComponentProps<typeof Revoke>) {
  return (
    <Suspense>
      <Revoke {...props} />
    </Suspense>
  );
}
