import { createBrowserRouter } from "react-router";
import { SetupPage } from "../auth/setup-page";
import { SignInPage } from "../auth/sign-in-page";
import { NewTicketPage } from "../tickets/new-ticket-page";
import { QueuePage } from "../tickets/queue-page";
import { TicketPage } from "../tickets/ticket-page";
import { Layout } from "./layout";
import { NotFoundPage, RouteError } from "./route-error";

/** Screens outside the daily path load on demand, keeping the first download small. */
export const router = createBrowserRouter([
  { path: "/setup", Component: SetupPage },
  { path: "/sign-in", Component: SignInPage },
  {
    path: "/",
    Component: Layout,
    ErrorBoundary: RouteError,
    children: [
      {
        index: true,
        lazy: () => import("../home/dashboard-page").then((m) => ({ Component: m.DashboardPage })),
      },
      { path: "tickets", Component: QueuePage },
      { path: "tickets/new", Component: NewTicketPage },
      { path: "tickets/:ref", Component: TicketPage },
      {
        path: "companies",
        lazy: () => import("../directory/companies-page").then((m) => ({ Component: m.CompaniesPage })),
      },
      {
        path: "companies/:id",
        lazy: () => import("../directory/company-page").then((m) => ({ Component: m.CompanyPage })),
      },
      {
        path: "contacts",
        lazy: () => import("../directory/contacts-page").then((m) => ({ Component: m.ContactsPage })),
      },
      {
        path: "contacts/:id",
        lazy: () => import("../directory/contact-page").then((m) => ({ Component: m.ContactPage })),
      },
      {
        path: "admin/users",
        lazy: () => import("../admin/users-page").then((m) => ({ Component: m.UsersPage })),
      },
      {
        path: "admin/teams",
        lazy: () => import("../admin/teams-page").then((m) => ({ Component: m.TeamsPage })),
      },
      {
        path: "admin/categories",
        lazy: () => import("../admin/categories-page").then((m) => ({ Component: m.CategoriesPage })),
      },
      {
        path: "admin/comments",
        lazy: () => import("../admin/comments-page").then((m) => ({ Component: m.CommentsPage })),
      },
      {
        path: "admin/attachments",
        lazy: () => import("../admin/attachments-page").then((m) => ({ Component: m.AttachmentsPage })),
      },
      {
        path: "admin/mailboxes",
        lazy: () => import("../admin/mailboxes-page").then((m) => ({ Component: m.MailboxesPage })),
      },
      {
        path: "admin/macros",
        lazy: () => import("../admin/macros-page").then((m) => ({ Component: m.MacrosPage })),
      },
      {
        path: "admin/failed-mail",
        lazy: () => import("../admin/failed-mail-page").then((m) => ({ Component: m.FailedMailPage })),
      },
      {
        path: "admin/sla-policies",
        lazy: () => import("../admin/sla-policies-page").then((m) => ({ Component: m.SlaPoliciesPage })),
      },
      {
        path: "admin/business-hours",
        lazy: () => import("../admin/business-hours-page").then((m) => ({ Component: m.BusinessHoursPage })),
      },
      {
        path: "admin/settings",
        lazy: () => import("../admin/desk-settings-page").then((m) => ({ Component: m.DeskSettingsPage })),
      },
      {
        path: "settings",
        lazy: () => import("../settings/my-settings-page").then((m) => ({ Component: m.MySettingsPage })),
      },
      {
        path: "settings/tokens",
        lazy: () => import("../admin/api-tokens-page").then((m) => ({ Component: m.ApiTokensPage })),
      },
      { path: "*", Component: NotFoundPage },
    ],
  },
]);
