package org.dtlsj.engine;

import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;

/** An {@link EnginePair} whose client asks for another server name. */
record EngineEndpointPair(EnginePair pair) {
    static EngineEndpointPair withServerName(DtlsConfig client, DtlsConfig server, String name) {
        return new EngineEndpointPair(new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1, name));
    }
}
