package org.dtlsj.wire;

import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.AlertLevel;

/** {@code struct { AlertLevel level; AlertDescription description; } Alert;} (RFC 5246 §7.2). */
public record Alert(AlertLevel level, AlertDescription description) implements Encodable {
    public static Alert fatal(AlertDescription d) {
        return new Alert(AlertLevel.FATAL, d);
    }

    public static Alert warning(AlertDescription d) {
        return new Alert(AlertLevel.WARNING, d);
    }

    public boolean isFatal() {
        return level.equals(AlertLevel.FATAL);
    }

    @Override
    public void encode(WireWriter w) {
        w.u8(level.value()).u8(description.value());
    }

    public static Alert decode(WireReader r) throws DecodeException {
        Alert a = new Alert(new AlertLevel(r.u8()), new AlertDescription(r.u8()));
        r.expectEnd("Alert");
        return a;
    }

    @Override
    public String toString() {
        return level + " " + description;
    }
}
