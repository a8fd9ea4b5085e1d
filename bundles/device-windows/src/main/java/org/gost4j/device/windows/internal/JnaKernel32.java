package org.gost4j.device.windows.internal;

import com.sun.jna.Native;
import com.sun.jna.WString;

/** The real {@link Kernel32Api}: kernel32.dll through JNA direct mapping (x64). Only ever loaded on Windows. */
final class JnaKernel32 implements Kernel32Api {

    private static final int GENERIC_READ = 0x80000000;
    private static final int GENERIC_WRITE = 0x40000000;
    private static final int OPEN_EXISTING = 3;
    private static final int FILE_ATTRIBUTE_SYSTEM = 0x4;
    private static final int FILE_FLAG_OVERLAPPED = 0x40000000;
    private static final long INVALID_HANDLE_VALUE = -1;

    /** Bound on first use, so merely constructing the driver loads nothing. */
    static final class Direct {
        static {
            Native.register(Direct.class, "kernel32");
        }

        private Direct() {
        }

        static native long CreateEventW(long attributes, boolean manualReset, boolean initialState, long name);

        static native boolean SetEvent(long event);

        static native boolean CloseHandle(long handle);

        static native int WaitForMultipleObjects(int count, long handles, boolean waitAll, int millis);

        static native void RtlMoveMemory(long destination, long source, long length);

        static native long CreateFileW(WString path, int access, int share, long security, int disposition,
                int flags, long template);

        static native boolean DeviceIoControl(long handle, int code, byte[] in, int inSize, byte[] out, int outSize,
                int[] returned, long overlapped);

        static native boolean ReadFile(long handle, long buffer, int length, long read, long overlapped);

        static native boolean WriteFile(long handle, long buffer, int length, long written, long overlapped);

        static native boolean GetOverlappedResult(long handle, long overlapped, long transferred, boolean wait);

        static native boolean CancelIoEx(long handle, long overlapped);
    }

    @Override
    public long createEvent(boolean manualReset) throws WinException {
        long event = Direct.CreateEventW(0, manualReset, false, 0);
        if (event == 0) {
            throw new WinException("CreateEvent", Native.getLastError());
        }
        return event;
    }

    @Override
    public void setEvent(long event) {
        Direct.SetEvent(event);
    }

    @Override
    public void closeHandle(long handle) {
        Direct.CloseHandle(handle);
    }

    @Override
    public int waitForMultipleObjects(int count, long handles, boolean waitAll, int millis) {
        return Direct.WaitForMultipleObjects(count, handles, waitAll, millis);
    }

    @Override
    public void copyMemory(long destination, long source, long length) {
        Direct.RtlMoveMemory(destination, source, length);
    }

    @Override
    public long createFile(String path) throws WinException {
        long handle = Direct.CreateFileW(new WString(path), GENERIC_READ | GENERIC_WRITE, 0, 0, OPEN_EXISTING,
                FILE_ATTRIBUTE_SYSTEM | FILE_FLAG_OVERLAPPED, 0);
        if (handle == INVALID_HANDLE_VALUE) {
            throw new WinException("CreateFile " + path, Native.getLastError());
        }
        return handle;
    }

    @Override
    public int deviceIoControl(long handle, int code, byte[] in, byte[] out) throws WinException {
        int[] returned = new int[1];
        if (!Direct.DeviceIoControl(handle, code, in, in.length, out, out.length, returned, 0)) {
            throw new WinException("DeviceIoControl 0x" + Integer.toHexString(code), Native.getLastError());
        }
        return returned[0];
    }

    @Override
    public boolean readFile(long handle, long buffer, int length, long overlapped) {
        return Direct.ReadFile(handle, buffer, length, 0, overlapped);
    }

    @Override
    public boolean writeFile(long handle, long buffer, int length, long overlapped) {
        return Direct.WriteFile(handle, buffer, length, 0, overlapped);
    }

    @Override
    public boolean getOverlappedResult(long handle, long overlapped, long transferred, boolean wait) {
        return Direct.GetOverlappedResult(handle, overlapped, transferred, wait);
    }

    @Override
    public void cancelIoEx(long handle, long overlapped) {
        Direct.CancelIoEx(handle, overlapped);
    }

    @Override
    public int lastError() {
        return Native.getLastError();
    }
}
