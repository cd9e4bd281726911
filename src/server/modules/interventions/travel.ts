import { travelMarginMinutes, travelRoadFactor, travelSpeedKmh } from '../../../shared/interventions.ts';

/** Great-circle distance in km between two points (haversine). */
export function haversineKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Estimated road trip: distance ≈ haversine × 1.3, driven at 60 km/h, plus a 10-minute margin
 * (parking, walking in). `km` is the road estimate, `minutes` includes the margin.
 */
export function estimateTravel(
  from: { lat: number; lon: number },
  to: { lat: number; lon: number },
): { km: number; minutes: number } {
  const km = haversineKm(from.lat, from.lon, to.lat, to.lon) * travelRoadFactor;
  return { km: Math.round(km), minutes: Math.ceil((km / travelSpeedKmh) * 60) + travelMarginMinutes };
}
