import {
  Badge,
  type CSSVariablesResolver,
  createTheme,
  MantineProvider,
  Modal,
  Notification,
} from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { handleSessionExpired } from "../api/client";
import { endSession } from "../api/session";
import { queryClient } from "./query-client";
import { router } from "./router";

const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: 8,
  defaultRadius: "sm",
  components: {
    // Mantine clips a badge and its label (overflow: hidden, text-overflow: ellipsis). That also makes the
    // badge's narrowest width its padding alone, so a table short of room (the queue, long subjects) shrank
    // the Status, Priority and Due columns to "IN PRO…", "URG…", "OVER…". A badge is a word or two: it is
    // never clipped, and its column or row gives it the width it needs.
    Badge: Badge.extend({
      styles: {
        root: { overflow: "visible" },
        label: { overflow: "visible", textOverflow: "clip" },
      },
    }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { "aria-label": "Dismiss notification" } },
    }),
    // Mantine's modal close button is an icon without a name (axe: button-name).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
  },
});

// Mantine's default dimmed and placeholder greys, and its error red (red.6, 3.3:1) under a field, are below
// WCAG AA contrast on white; red.9 is 6.5:1.
const resolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "#495057",
    "--mantine-color-placeholder": "#5c636a",
    "--mantine-color-error": "#c92a2a",
  },
  dark: {},
});

handleSessionExpired(() => {
  if (window.location.pathname !== "/sign-in") endSession(queryClient, "expired");
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={resolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
