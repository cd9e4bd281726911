-- Intervention numbers as the API conventions give them: `INT-2026-000310`, not `I-2026-000310`.
-- The audit log keeps the numbers it recorded (it is append-only).
UPDATE interventions SET number = 'INT-' || substring(number FROM 3) WHERE number ~ '^I-[0-9]{4}-[0-9]+$';
