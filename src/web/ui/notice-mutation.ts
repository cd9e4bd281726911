import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { fieldErrorsOf } from './feedback.tsx';

/**
 * The save of a form through the API: on success a French notice about what was saved, then `after`
 * (refresh what shows it, close, move on); a refusal's field errors go under their fields, and the
 * mutation's `error` holds the rest for the form's `ErrorAlert`.
 */
export function useNoticeMutation<V, R>(
  form: { setErrors: (errors: Record<string, string>) => void },
  {
    save,
    notice,
    after,
    color = 'teal',
  }: {
    save: (values: V) => Promise<R>;
    notice: (saved: R) => string;
    after: (saved: R) => unknown;
    color?: string;
  },
) {
  return useMutation({
    mutationFn: save,
    onSuccess: async (saved: R) => {
      notifications.show({ color, message: notice(saved) });
      await after(saved);
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e)),
  });
}
