import { Box, Button, Group, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';

/**
 * A signature drawn with a finger, a stylus or the mouse (pointer events; the canvas keeps the
 * touch for itself so the page does not scroll while signing). `onChange` gets the PNG as a data
 * URL, or null once cleared.
 */
export function SignaturePad({ onChange }: { onChange: (png: string | null) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const drawn = useRef(false);

  useEffect(() => {
    const c = canvas.current!;
    // A sharp line on high-density screens: the bitmap at the device's pixel ratio.
    const ratio = window.devicePixelRatio || 1;
    c.width = c.clientWidth * ratio;
    c.height = c.clientHeight * ratio;
    const ctx = c.getContext('2d')!;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#1a1b1e';
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const ctx = () => canvas.current!.getContext('2d')!;

  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const { x, y } = point(e);
    ctx().beginPath();
    ctx().moveTo(x, y);
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const { x, y } = point(e);
    ctx().lineTo(x, y);
    ctx().stroke();
    drawn.current = true;
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    if (drawn.current) onChange(canvas.current!.toDataURL('image/png'));
  };
  const clear = () => {
    const c = canvas.current!;
    ctx().clearRect(0, 0, c.width, c.height);
    drawn.current = false;
    onChange(null);
  };

  return (
    <Box>
      <Text size="sm" fw={500} mb={4}>
        Signature
      </Text>
      <canvas
        ref={canvas}
        aria-label="Zone de signature"
        data-testid="signature-pad"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        style={{
          width: '100%',
          height: 180,
          border: '1px solid var(--mantine-color-gray-4)',
          borderRadius: 'var(--mantine-radius-sm)',
          background: 'white',
          touchAction: 'none',
          display: 'block',
        }}
      />
      <Group justify="space-between" mt={4}>
        <Text size="xs" c="dimmed">
          Signez dans le cadre avec le doigt ou la souris.
        </Text>
        <Button size="xs" variant="subtle" onClick={clear}>
          Effacer
        </Button>
      </Group>
    </Box>
  );
}
