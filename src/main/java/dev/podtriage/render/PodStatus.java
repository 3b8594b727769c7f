package dev.podtriage.render;

/** What {@code kubectl get pod} prints for the pod: NAME, READY, STATUS, RESTARTS. */
public record PodStatus(String name, String ready, String status, int restarts) {

    /** One line: {@code `ImagePullBackOff` · ready 0/1 · 0 restarts}. */
    public Text inline() {
        return Text.builder().code(status == null ? "Unknown" : status)
                .plain(" · ready " + (ready == null ? "?" : ready) + " · " + restarts + (restarts == 1 ? " restart" : " restarts"))
                .build();
    }

    /** The two lines kubectl prints, columns aligned as kubectl aligns them (three spaces apart). */
    public String table() {
        String[] head = {"NAME", "READY", "STATUS", "RESTARTS"};
        String[] row = {name == null ? "" : name, ready == null ? "" : ready, status == null ? "" : status, Integer.toString(restarts)};
        StringBuilder h = new StringBuilder();
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < head.length; i++) {
            int width = Math.max(head[i].length(), row[i].length());
            boolean last = i == head.length - 1;
            h.append(last ? head[i] : pad(head[i], width + 3));
            r.append(last ? row[i] : pad(row[i], width + 3));
        }
        return h + "\n" + r;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
