package org.gost4j.device.windows.internal;

/**
 * The kernel32 calls the driver uses: events and waits for wake-up, memory copies for wintun packets, and
 * overlapped file I/O and {@code DeviceIoControl} for tap-windows6. Native addresses are {@code long}.
 */
interface Kernel32Api {

    int INFINITE = -1;
    int WAIT_OBJECT_0 = 0;

    long createEvent(boolean manualReset) throws WinException;

    void setEvent(long event);

    void closeHandle(long handle);

    /** @param handles address of an array of {@code count} handles */
    int waitForMultipleObjects(int count, long handles, boolean waitAll, int millis);

    void copyMemory(long destination, long source, long length);

    /** Opens a device file for overlapped read and write. */
    long createFile(String path) throws WinException;

    /** @return the number of bytes stored in {@code out} */
    int deviceIoControl(long handle, int code, byte[] in, byte[] out) throws WinException;

    boolean readFile(long handle, long buffer, int length, long overlapped);

    boolean writeFile(long handle, long buffer, int length, long overlapped);

    boolean getOverlappedResult(long handle, long overlapped, long transferredAddress, boolean wait);

    void cancelIoEx(long handle, long overlapped);

    int lastError();
}
