import { changePasswordBody, resetBody } from '../../../shared/schemas/auth.ts';
import { z } from '../../../shared/zod.ts';

/** The server's rule for a new password, plus: it is not blank, and typed twice the same. */
const newPassword = changePasswordBody.shape.newPassword.min(1, 'Saisissez un nouveau mot de passe.');
const sameTwice = (v: { newPassword: string; confirmation: string }) => v.confirmation === v.newPassword;
const mismatch = { path: ['confirmation'], message: 'Les deux mots de passe ne correspondent pas.' };

/** Mon compte › Mot de passe: the body of POST /auth/password and the confirmation. */
export const changePasswordForm = changePasswordBody
  .extend({ newPassword, confirmation: z.string() })
  .refine(sameTwice, mismatch);

/** The reset page: the body of POST /auth/password-reset (the token comes from the link). */
export const resetPasswordForm = resetBody
  .pick({ newPassword: true })
  .extend({ newPassword, confirmation: z.string() })
  .refine(sameTwice, mismatch);
