package io.crosstrust.ingest.generator;

import java.util.Map;

/**
 * Approximate main trade hubs of countries, for great-circle transit distances. Regions not listed
 * (or subdivisions of unlisted countries) get a typical intercontinental distance.
 */
final class Geography {
    static final double UNKNOWN_DISTANCE_KM = 8000;

    private static final Map<String, double[]> HUBS =
            Map.ofEntries(
                    Map.entry("CN", new double[] {22.5, 114.1}), // Shenzhen
                    Map.entry("VN", new double[] {10.8, 106.7}), // Ho Chi Minh City
                    Map.entry("IN", new double[] {19.1, 72.9}), // Mumbai
                    Map.entry("DE", new double[] {53.6, 10.0}), // Hamburg
                    Map.entry("US", new double[] {33.7, -118.3}), // Los Angeles
                    Map.entry("GB", new double[] {51.5, -0.1}), // London
                    Map.entry("BR", new double[] {-23.9, -46.3}), // Santos
                    Map.entry("AE", new double[] {25.0, 55.1}), // Jebel Ali
                    Map.entry("MX", new double[] {19.4, -99.1}), // Mexico City
                    Map.entry("NG", new double[] {6.5, 3.4}), // Lagos
                    Map.entry("JP", new double[] {35.6, 139.8}),
                    Map.entry("KR", new double[] {35.1, 129.0}),
                    Map.entry("SG", new double[] {1.3, 103.8}),
                    Map.entry("MY", new double[] {3.0, 101.4}),
                    Map.entry("TH", new double[] {13.1, 100.9}),
                    Map.entry("ID", new double[] {-6.1, 106.9}),
                    Map.entry("PH", new double[] {14.6, 121.0}),
                    Map.entry("PK", new double[] {24.8, 67.0}),
                    Map.entry("BD", new double[] {22.3, 91.8}),
                    Map.entry("TR", new double[] {41.0, 28.9}),
                    Map.entry("SA", new double[] {21.5, 39.2}),
                    Map.entry("EG", new double[] {31.2, 29.9}),
                    Map.entry("ZA", new double[] {-29.9, 31.0}),
                    Map.entry("KE", new double[] {-4.0, 39.7}),
                    Map.entry("FR", new double[] {49.5, 0.1}),
                    Map.entry("NL", new double[] {51.9, 4.5}),
                    Map.entry("IT", new double[] {44.4, 8.9}),
                    Map.entry("ES", new double[] {39.5, -0.4}),
                    Map.entry("PL", new double[] {54.4, 18.6}),
                    Map.entry("CA", new double[] {49.3, -123.1}),
                    Map.entry("AR", new double[] {-34.6, -58.4}),
                    Map.entry("CL", new double[] {-33.0, -71.6}),
                    Map.entry("CO", new double[] {10.4, -75.5}),
                    Map.entry("AU", new double[] {-33.9, 151.2}),
                    Map.entry("RU", new double[] {59.9, 30.3}));

    private Geography() {}

    /** Great-circle distance between two regions' hubs in km. */
    static double distanceKm(String a, String b) {
        double[] p = HUBS.get(country(a));
        double[] q = HUBS.get(country(b));
        if (p == null || q == null) {
            return UNKNOWN_DISTANCE_KM;
        }
        double lat1 = StrictMath.toRadians(p[0]);
        double lat2 = StrictMath.toRadians(q[0]);
        double dLat = lat2 - lat1;
        double dLon = StrictMath.toRadians(q[1] - p[1]);
        double h =
                StrictMath.pow(StrictMath.sin(dLat / 2), 2)
                        + StrictMath.cos(lat1)
                                * StrictMath.cos(lat2)
                                * StrictMath.pow(StrictMath.sin(dLon / 2), 2);
        return 2 * 6371 * StrictMath.asin(StrictMath.min(1, StrictMath.sqrt(h)));
    }

    private static String country(String region) {
        int dash = region.indexOf('-');
        return dash < 0 ? region : region.substring(0, dash);
    }
}
