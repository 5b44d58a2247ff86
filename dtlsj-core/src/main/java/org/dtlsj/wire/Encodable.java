package org.dtlsj.wire;

/** A wire structure that can write itself; its static {@code decode(WireReader)} sits beside it. */
public interface Encodable {
    void encode(WireWriter w);
}
