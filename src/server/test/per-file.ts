// Runs before each test file (vitest `setupFiles`). The files of a worker share its modules
// (`isolate: false` in vitest.config.ts, which saves importing the app again for every file): what a
// file leaves in module state — a frozen or moved clock, cached settings or rights, the email
// assets' address — must not reach the next one. State of an app lives on the app (harness.ts).
import { clock } from '../infra/clock.ts';
import { setEmailAssetsBaseUrl } from '../modules/notifications/branding.service.ts';
import { invalidateSettingsCache } from '../modules/settings/settings.service.ts';
import { invalidateMatrixCache } from '../policy/matrix.service.ts';

clock.reset();
invalidateSettingsCache();
invalidateMatrixCache();
setEmailAssetsBaseUrl(null);
