package org.gost4j.device.windows.internal;

/**
 * The functions of {@code wintun.dll} the driver uses (wintun.h), so tests can drive the driver against a
 * fake. Handles and packet pointers are native addresses as {@code long}; the packet-path calls return 0 and
 * leave the reason to {@link #lastError()} instead of throwing.
 */
interface WintunApi {

    /** @param requestedGuid 16 bytes, or null to let Windows choose */
    long createAdapter(String name, String tunnelType, byte[] requestedGuid) throws WinException;

    void closeAdapter(long adapter);

    long adapterLuid(long adapter);

    long startSession(long adapter, int capacity) throws WinException;

    void endSession(long session);

    long readWaitEvent(long session);

    /** @param sizeAddress where the packet's size is stored */
    long receivePacket(long session, long sizeAddress);

    void releaseReceivePacket(long session, long packet);

    long allocateSendPacket(long session, int size);

    void sendPacket(long session, long packet);

    int lastError();
}
