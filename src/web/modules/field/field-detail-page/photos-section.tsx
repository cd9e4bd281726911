import { Button, Divider, Text } from '@mantine/core';
import { useRef } from 'react';
import { resizePhoto } from '../field-ui.tsx';
import { perform } from '../sync.ts';
import type { SectionProps } from './field-helpers.ts';

type Props = Omit<SectionProps, 'busy'> & { setError: (error: string) => void };

/** The photo count and the camera button (photos are resized, then queued like any action). */
export function PhotosSection({ it, canEdit, run, setError }: Props) {
  const photoInput = useRef<HTMLInputElement>(null);
  const addPhotos = (files: FileList | null) =>
    run(async () => {
      for (const f of Array.from(files ?? [])) {
        try {
          const photo = await resizePhoto(f);
          await perform(it.id, 'photo', { mimeType: 'image/jpeg' }, 'Photo', photo);
        } catch {
          setError('Cette image ne peut pas être lue.');
        }
      }
      if (photoInput.current) photoInput.current.value = '';
    });
  return (
    <>
      <Divider label="Photos" labelPosition="left" />
      <Text size="sm">
        {it.photos.length === 0
          ? 'Aucune photo.'
          : `${it.photos.length} photo${it.photos.length > 1 ? 's' : ''}${
              it.photos.some((p) => p.filename === 'Photo en attente d’envoi')
                ? ' (dont en attente d’envoi)'
                : ''
            }.`}
      </Text>
      {canEdit && (
        <>
          <input
            ref={photoInput}
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            hidden
            data-testid="photo-input"
            onChange={(e) => addPhotos(e.currentTarget.files)}
          />
          <Button size="lg" variant="light" onClick={() => photoInput.current?.click()}>
            Prendre une photo
          </Button>
        </>
      )}
    </>
  );
}
