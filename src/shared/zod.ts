import { z } from 'zod';

/** Zod speaks French to people, on the server and in the browser. */
z.config(z.locales.fr());

export { z };
