package dev.atelier.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

class DeviceTest {

    @Test
    void parsesTheThreeForms() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.gpu(0), Device.parse("gpu"));
        assertEquals(Device.gpu(3), Device.parse(" GPU:3 "));
        assertEquals("gpu:3", Device.gpu(3).toString());
        assertEquals("cpu", Device.CPU.toString());
        assertEquals(ai.djl.Device.gpu(2), Device.gpu(2).toDjl());
        assertEquals(ai.djl.Device.cpu(), Device.CPU.toDjl());
    }

    @Test
    void rejectsMalformedDevices() {
        for (String bad : new String[] {"", "tpu", "gpu:", "gpu:-1", "gpu:x", "cpu:1", "gpu:99999", "gpu:1:2"}) {
            AtelierException e = assertThrows(AtelierException.class, () -> Device.parse(bad), bad);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertEquals("device", e.param());
        }
        assertThrows(AtelierException.class, () -> Device.parse(null));
    }

    @Test
    void aDeviceTheMachineLacksIsNotFound() {
        assertEquals(Device.CPU, Devices.require(Device.CPU, 0));
        assertEquals(Device.gpu(1), Devices.require(Device.gpu(1), 2));
        AtelierException none = assertThrows(AtelierException.class, () -> Devices.require(Device.gpu(0), 0));
        assertEquals(ErrorCode.NOT_FOUND, none.code());
        assertTrue(none.getMessage().contains("no GPU"), none.getMessage());
        AtelierException beyond = assertThrows(AtelierException.class, () -> Devices.require(Device.gpu(2), 2));
        assertTrue(beyond.getMessage().contains("gpu:0..gpu:1"), beyond.getMessage());
    }

    @Test
    void theMachineAlwaysHasItsCpu() {
        assertEquals(Device.CPU, Devices.available().get(0));
        assertEquals(Devices.gpuCount() + 1, Devices.available().size());
    }
}
