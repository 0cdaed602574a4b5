import { createApp } from 'vue';
import App from './App.vue';
import { installElementPlus } from './element';
import { router } from './router';
import './style.css';

const app = createApp(App);
installElementPlus(app);
app.use(router);
app.mount('#app');
