import { Button, Divider, Image, SimpleGrid, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useMe } from '../../../app/auth.ts';
import { resizePhoto } from '../field-ui.tsx';
import { pending } from '../store.ts';
import { perform } from '../sync.ts';
import type { SectionProps } from './field-helpers.ts';

type Props = Omit<SectionProps, 'busy'> & { setError: (error: string) => void };

/**
 * Pictures of the photos not sent yet, from the phone's queue (by the operation's id, which is the
 * photo's id until the server has it); the others are read from the server.
 */
function usePendingPhotoUrls(interventionId: string, count: number): Map<string, string> {
  const me = useMe();
  const [urls, setUrls] = useState(new Map<string, string>());
  useEffect(() => {
    let made: string[] = [];
    let live = true;
    void pending(me.user.id).then((ops) => {
      const next = new Map<string, string>();
      for (const q of ops) {
        if (q.interventionId === interventionId && q.op.kind === 'photo' && q.file) {
          next.set(q.op.opId, URL.createObjectURL(q.file));
        }
      }
      made = [...next.values()];
      if (live) setUrls(next);
    });
    return () => {
      live = false;
      for (const u of made) URL.revokeObjectURL(u);
    };
    // `count` changes when a photo is taken or sent: the queue is read again.
  }, [me.user.id, interventionId, count]);
  return urls;
}

/** The photos (thumbnails), their count and the camera button (resized, then queued like any action). */
export function PhotosSection({ it, canEdit, run, setError }: Props) {
  const sending = it.photos.filter((p) => p.filename === 'Photo en attente d’envoi').length;
  const local = usePendingPhotoUrls(it.id, it.photos.length * 100 + sending);
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
      {it.photos.length > 0 && (
        <SimpleGrid cols={3} spacing="xs" data-testid="photo-thumbnails">
          {it.photos.map((p) => {
            const src = local.get(p.id) ?? `/api/v1/interventions/${it.id}/files/${p.id}`;
            return (
              <Image key={p.id} src={src} alt={p.filename} radius="sm" h={96} fit="cover" loading="lazy" />
            );
          })}
        </SimpleGrid>
      )}
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
