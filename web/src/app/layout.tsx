import { Anchor, AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, TextInput } from "@mantine/core";
import { useDisclosure, useHotkeys } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link, Navigate, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client";
import { endSession, signInPath, useMe, useSetupStatus } from "../api/session";
import { ErrorAlert, Loading } from "../components/query-state";
import { AvailabilitySwitch } from "./availability-switch";

const agentLinks = [
  { to: "/", label: "Dashboard" },
  { to: "/tickets", label: "Tickets" },
  { to: "/tickets/new", label: "New ticket" },
  { to: "/companies", label: "Companies" },
  { to: "/contacts", label: "Contacts" },
  { to: "/settings/tokens", label: "API tokens" },
  { to: "/settings", label: "My settings" },
];
const adminLinks = [
  { to: "/admin/users", label: "Users" },
  { to: "/admin/teams", label: "Teams" },
  { to: "/admin/categories", label: "Categories" },
  { to: "/admin/comments", label: "All comments" },
  { to: "/admin/attachments", label: "All attachments" },
];
const macroLinks = [{ to: "/admin/macros", label: "Macros" }];
const mailLinks = [
  { to: "/admin/mailboxes", label: "Mailboxes" },
  { to: "/admin/failed-mail", label: "Failed mail" },
];
const slaLinks = [
  { to: "/admin/sla-policies", label: "SLA policies" },
  { to: "/admin/business-hours", label: "Business hours" },
];
const settingsLinks = [{ to: "/admin/settings", label: "Desk settings" }];

function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const onQueue = location.pathname === "/tickets";
  const [value, setValue] = useState(onQueue ? (params.get("search") ?? "") : "");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (onQueue) setValue(params.get("search") ?? "");
  }, [onQueue, params]);
  useHotkeys([["/", () => input.current?.focus()]]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams(onQueue ? params : undefined);
    if (value.trim()) next.set("search", value.trim());
    else next.delete("search");
    next.delete("page");
    void navigate(`/tickets?${next}`);
  }
  return (
    <search style={{ flex: 1, maxWidth: 420 }}>
      <form onSubmit={submit}>
        <TextInput
          ref={input}
          id="global-search"
          aria-label="Search tickets"
          placeholder="Search tickets (press /)"
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
        />
      </form>
    </search>
  );
}

/** The signed-in frame: header with search and sign-out, navigation, and the current screen. */
export function Layout() {
  const me = useMe();
  const setup = useSetupStatus(me.data === null);
  const location = useLocation();
  const queryClient = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the mobile menu closes after each navigation
  useEffect(() => close(), [location.pathname, close]);

  if (me.isPending) return <Loading label="Loading your session" />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data === null) {
    if (setup.isPending) return <Loading />;
    if (setup.data?.needs_setup) return <Navigate to="/setup" replace />;
    return <Navigate to={signInPath(queryClient, `${location.pathname}${location.search}`)} replace />;
  }
  const user = me.data;

  async function signOut() {
    await api.POST("/api/v1/auth/logout");
    endSession(queryClient, "signed-out");
  }

  const { abilities } = user;
  const administers = abilities.manage_users || abilities.manage_teams || abilities.manage_categories;
  const links = [
    ...agentLinks,
    ...(administers ? adminLinks : []),
    ...(abilities.manage_macros ? macroLinks : []),
    ...(abilities.manage_mail ? mailLinks : []),
    ...(abilities.manage_sla ? slaLinks : []),
    ...(abilities.manage_settings ? settingsLinks : []),
  ];
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
          <Text fw={700} visibleFrom="xs" component={Link} to="/" c="indigo.9" td="none">
            Ticketdesk
          </Text>
          <SearchBox />
          <AvailabilitySwitch user={user} />
          <Anchor
            component={Link}
            to="/settings"
            size="sm"
            visibleFrom="md"
            c="gray.8"
            aria-label={`My settings (${user.name})`}
          >
            {user.name}
          </Anchor>
          <Button variant="default" size="xs" onClick={() => void signOut()}>
            Sign out
          </Button>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          {links.map((link) => (
            <NavLink
              key={link.to}
              component={Link}
              to={link.to}
              label={link.label}
              variant="filled"
              active={link.to === "/" ? location.pathname === "/" : location.pathname === link.to}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet context={user} />
      </AppShell.Main>
    </AppShell>
  );
}
