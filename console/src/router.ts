import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { t } from './messages';
import { mayOpen, type Area } from './roles';
import { useSession } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page: the menu shows it to them only, and anyone else sees the refusal. */
    area?: Area;
    title?: string;
    /** Listed in the menu. */
    menu?: boolean;
    public?: boolean;
  }
}

/** The one table of pages, their area (roles) and titles: the menu and the guard read it. */
export const pages: RouteRecordRaw[] = [
  { path: '/orders', name: 'orders', component: () => import('./pages/orders/OrderSearchPage.vue'), meta: { area: 'support', title: t.menu.orders, menu: true } },
  { path: '/orders/:id', name: 'order', component: () => import('./pages/orders/OrderDetailPage.vue'), meta: { area: 'support', title: t.menu.orders } },
  { path: '/payment-exceptions', name: 'payment-exceptions', component: () => import('./pages/payment-exceptions/PaymentExceptionsPage.vue'),
    meta: { area: 'support', title: t.menu.paymentExceptions, menu: true } },
  { path: '/reconciliation', name: 'reconciliation', component: () => import('./pages/reconciliation/ReconciliationPage.vue'),
    meta: { area: 'support', title: t.menu.reconciliation, menu: true } },
  { path: '/prints', name: 'prints', component: () => import('./pages/prints/PrintsPage.vue'), meta: { area: 'support', title: t.menu.prints, menu: true } },
  { path: '/chsi', name: 'chsi', component: () => import('./pages/delivery/ChsiPage.vue'), meta: { area: 'support', title: t.menu.chsi, menu: true } },
  { path: '/review', name: 'review', component: () => import('./pages/review/ReviewPage.vue'), meta: { area: 'review', title: t.menu.review, menu: true } },
  { path: '/progress', name: 'progress', component: () => import('./pages/progress/ProgressPage.vue'), meta: { area: 'schools', title: t.menu.progress, menu: true } },
  { path: '/roster', name: 'roster', component: () => import('./pages/roster/RosterPage.vue'), meta: { area: 'schools', title: t.menu.roster, menu: true } },
  { path: '/missing', name: 'missing', component: () => import('./pages/missing/MissingPage.vue'), meta: { area: 'schools', title: t.menu.missing, menu: true } },
  { path: '/exports', name: 'exports', component: () => import('./pages/exports/ExportsPage.vue'), meta: { area: 'schools', title: t.menu.exports, menu: true } },
  { path: '/bulk-refunds', name: 'bulk-refunds', component: () => import('./pages/bulk-refunds/BulkRefundsPage.vue'),
    meta: { area: 'schools', title: t.menu.bulkRefunds, menu: true } },
  { path: '/statements', name: 'statements', component: () => import('./pages/statements/StatementsPage.vue'),
    meta: { area: 'schools', title: t.menu.statements, menu: true } },
  { path: '/station', name: 'station', component: () => import('./pages/stations/StationPage.vue'), meta: { area: 'stations', title: t.menu.station, menu: true } },
  { path: '/admin/schools', name: 'schools', component: () => import('./pages/schools/SchoolsPage.vue'), meta: { area: 'admin', title: t.menu.schools, menu: true } },
  { path: '/admin/batches', name: 'batches', component: () => import('./pages/batches/BatchesPage.vue'), meta: { area: 'admin', title: t.menu.batches, menu: true } },
  { path: '/admin/users', name: 'users', component: () => import('./pages/users/UsersPage.vue'), meta: { area: 'admin', title: t.menu.users, menu: true } },
  { path: '/admin/audit', name: 'audit', component: () => import('./pages/audit/AuditPage.vue'), meta: { area: 'admin', title: t.menu.audit, menu: true } },
];

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/login/LoginPage.vue'), meta: { public: true, title: t.login.title } },
    { path: '/', name: 'home', component: () => import('./pages/refused/HomePage.vue') },
    ...pages,
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/refused/NotFoundPage.vue'), meta: { title: t.notFound } },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = useSession();
  if (!(await session.restore())) return { name: 'login', query: { next: to.fullPath } };
  if (to.name === 'home') {
    const first = pages.find((p) => p.meta?.menu && mayOpen(session.roles, p.meta.area));
    return first ? { name: first.name } : true;
  }
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title ?? t.app.title} · ${t.app.title}`;
});
