import 'element-plus/dist/index.css';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';
import { useProblems } from './stores/problems';
import { useSession } from './stores/session';

const app = createApp(App);
app.use(createPinia());
app.use(router);
app.use(ElementPlus, { locale: zhCn });

// Whatever a page did not catch is shown as a problem above it, never a blank page.
const problems = useProblems();
app.config.errorHandler = (error) => problems.show(error);
window.addEventListener('unhandledrejection', (event) => {
  problems.show(event.reason);
  event.preventDefault();
});
window.addEventListener('ic:unauthorized', () => {
  useSession().forget();
  if (router.currentRoute.value.name !== 'login') void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } });
});

app.mount('#app');
