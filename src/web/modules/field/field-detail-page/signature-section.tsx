import { Button, Divider, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { parisDateTime, type SignatureHandle, SignatureCanvas } from '../field-ui.tsx';
import { perform } from '../sync.ts';
import type { SectionProps } from './field-helpers.ts';

type Props = SectionProps & { setError: (error: string) => void };

/** The client's signature: signer, place, the drawing pad; or who signed, when and where. */
export function SignatureSection({ it, canEdit, busy, run, setError }: Props) {
  const [signer, setSigner] = useState(it.contact?.name ?? '');
  const [place, setPlace] = useState(it.site?.city ?? '');
  const sig = useRef<SignatureHandle>(null);
  const sign = () =>
    run(async () => {
      if (!signer.trim()) return setError('Indiquez le nom du signataire.');
      if (!sig.current || sig.current.isEmpty()) return setError('Le client doit signer dans le cadre.');
      await perform(
        it.id,
        'signature',
        {
          signerName: signer.trim(),
          ...(place.trim() ? { place: place.trim() } : {}),
        },
        'Signature',
        await sig.current.toPng(),
      );
    });
  return (
    <>
      <Divider label="Signature du client" labelPosition="left" />
      {it.signature ? (
        <Text>
          Signé par <strong>{it.signature.signedByName}</strong> le {parisDateTime(it.signature.signedAt)}
          {it.signature.signedPlace ? ` à ${it.signature.signedPlace}` : ''}.
        </Text>
      ) : canEdit ? (
        <Stack gap="xs">
          <SimpleGrid cols={2}>
            <TextInput
              label="Nom du signataire"
              value={signer}
              onChange={(e) => setSigner(e.currentTarget.value)}
            />
            <TextInput label="Lieu" value={place} onChange={(e) => setPlace(e.currentTarget.value)} />
          </SimpleGrid>
          <SignatureCanvas ref={sig} />
          <Button size="lg" variant="light" onClick={sign} loading={busy}>
            Valider la signature
          </Button>
        </Stack>
      ) : (
        <Text c="dimmed">Pas de signature.</Text>
      )}
    </>
  );
}
