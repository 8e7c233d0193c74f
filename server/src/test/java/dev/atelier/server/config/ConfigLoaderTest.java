package dev.atelier.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.server.security.ApiKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void readsAFullConfig() {
        GatewayConfig c = ConfigLoader.parse("""
                {"host": "0.0.0.0", "port": 9000, "maxBodyBytes": 2048, "modelDirs": ["m", "/abs"], "maxGenerationTokens": 300,
                 "models": [{"name": "tiny", "devices": ["gpu:1", "cpu", "cpu"], "workerConcurrency": 2,
                             "maxInFlight": 8, "maxQueue": 0, "timeoutMs": 500}]}
                """, Path.of("/etc/atelier"));
        assertEquals("0.0.0.0", c.host());
        assertEquals(9000, c.port());
        assertEquals(2048, c.maxBodyBytes());
        assertEquals(300, c.maxGenerationTokens());
        assertEquals(List.of(Path.of("/etc/atelier/m"), Path.of("/abs")), c.modelDirs());
        ModelConfig m = c.models().get(0);
        assertEquals("tiny", m.name());
        assertEquals(List.of(Device.gpu(1), Device.CPU, Device.CPU), m.devices());
        assertEquals(2, m.workerConcurrency());
        assertEquals(8, m.limits().maxInFlight());
        assertEquals(0, m.limits().maxQueue());
        assertEquals(500, m.limits().timeoutMillis());
    }

    @Test
    void fillsDefaults() {
        GatewayConfig c = ConfigLoader.parse("{\"models\":[{\"name\":\"tiny\"}]}", null);
        assertEquals(GatewayConfig.DEFAULT_HOST, c.host());
        assertEquals(GatewayConfig.DEFAULT_PORT, c.port());
        assertEquals(GatewayConfig.DEFAULT_MAX_GENERATION_TOKENS, c.maxGenerationTokens());
        assertEquals(ModelConfig.defaults("tiny"), c.models().get(0));
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        String[][] cases = {
                {"{\"prot\": 8080}", "prot"},
                {"{\"port\": \"8080\"}", "port"},
                {"{\"port\": 70000}", "port"},
                {"{\"port\": -1}", "port"},
                {"{\"maxBodyBytes\": 1.5}", "maxBodyBytes"},
                {"{\"maxGenerationTokens\": 0}", "maxGenerationTokens"},
                {"{\"maxGenerationTokens\": 1e12}", "maxGenerationTokens"},
                {"{\"models\": {}}", "models"},
                {"{\"models\": [{}]}", "models[].name"},
                {"{\"models\": [{\"name\": \"../etc\"}]}", "model"},
                {"{\"models\": [{\"name\": \"a\", \"devices\": [\"tpu\"]}]}", "device"},
                {"{\"models\": [{\"name\": \"a\", \"maxInFlight\": 0}]}", "maxInFlight"},
                {"{\"models\": [{\"name\": \"a\", \"timeoutMs\": -5}]}", "timeoutMs"},
                {"{\"models\": [{\"name\": \"a\", \"maxQueu\": 5}]}", "models[a].maxQueu"},
                {"[1]", "config"},
                {"{\"port\": 1", "config"},
                {"{} {}", "config"},
        };
        for (String[] c : cases) {
            AtelierException e = assertThrows(AtelierException.class, () -> ConfigLoader.parse(c[0], null), c[0]);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), c[0]);
            assertEquals(c[1], e.param(), c[0] + " → " + e.getMessage());
        }
    }

    @Test
    void readsApiKeysAndCors() {
        GatewayConfig c = ConfigLoader.parse("""
                {"auth": {"keys": [{"name": "a", "key": "sk-1", "requestsPerMinute": 60, "burst": 5},
                                   {"name": "b", "keySha256": "%s"}]},
                 "cors": {"allowedOrigins": ["https://app.example", "*"]}}
                """.formatted("ab".repeat(32)), null);
        assertEquals(2, c.access().keys().size());
        assertEquals(ApiKey.hash("sk-1"), c.access().keys().get(0).sha256());
        assertEquals(60, c.access().keys().get(0).requestsPerMinute());
        assertEquals("ab".repeat(32), c.access().keys().get(1).sha256());
        assertEquals(List.of("https://app.example", "*"), c.access().corsOrigins());
        assertEquals(false, c.access().allowAnonymous());
        for (String bad : new String[] {
                "{\"auth\": {\"keys\": [{\"name\": \"a\"}]}}",
                "{\"auth\": {\"keys\": [{\"name\": \"a\", \"key\": \"x\", \"keySha256\": \"%s\"}]}}".formatted("0".repeat(64)),
                "{\"auth\": {\"keys\": [{\"name\": \"a\", \"keySha256\": \"nothex\"}]}}",
                "{\"auth\": {\"allowAnonymous\": \"yes\"}}",
                "{\"auth\": {\"key\": \"x\"}}",
                "{\"cors\": {\"allowedOrigins\": [\"not a url\"]}}"}) {
            assertThrows(AtelierException.class, () -> ConfigLoader.parse(bad, null), bad);
        }
    }

    @Test
    void aMissingFileIsAClearError() {
        AtelierException e = assertThrows(AtelierException.class,
                () -> ConfigLoader.load(Path.of("/nonexistent/gateway.json")));
        assertTrue(e.getMessage().contains("cannot read config file"), e.getMessage());
    }
}
