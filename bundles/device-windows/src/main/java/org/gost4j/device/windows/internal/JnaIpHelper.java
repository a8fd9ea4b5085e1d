package org.gost4j.device.windows.internal;

import com.sun.jna.Native;
import com.sun.jna.WString;

/** The real {@link IpHelperApi}: iphlpapi.dll through JNA direct mapping. Only ever loaded on Windows. */
final class JnaIpHelper implements IpHelperApi {

    /** Bound on first use, so merely constructing the driver loads nothing. */
    static final class Direct {
        static {
            Native.register(Direct.class, "iphlpapi");
        }

        private Direct() {
        }

        static native void InitializeIpInterfaceEntry(byte[] row);

        static native int GetIpInterfaceEntry(byte[] row);

        static native int SetIpInterfaceEntry(byte[] row);

        static native void InitializeUnicastIpAddressEntry(byte[] row);

        static native int CreateUnicastIpAddressEntry(byte[] row);

        static native void InitializeIpForwardEntry(byte[] row);

        static native int CreateIpForwardEntry2(byte[] row);

        static native int DeleteIpForwardEntry2(byte[] row);

        static native int ConvertInterfaceAliasToLuid(WString alias, long[] luid);

        static native int ConvertInterfaceLuidToGuid(long[] luid, byte[] guid);
    }

    @Override
    public void initializeIpInterfaceEntry(byte[] row) {
        Direct.InitializeIpInterfaceEntry(row);
    }

    @Override
    public int getIpInterfaceEntry(byte[] row) {
        return Direct.GetIpInterfaceEntry(row);
    }

    @Override
    public int setIpInterfaceEntry(byte[] row) {
        return Direct.SetIpInterfaceEntry(row);
    }

    @Override
    public void initializeUnicastIpAddressEntry(byte[] row) {
        Direct.InitializeUnicastIpAddressEntry(row);
    }

    @Override
    public int createUnicastIpAddressEntry(byte[] row) {
        return Direct.CreateUnicastIpAddressEntry(row);
    }

    @Override
    public void initializeIpForwardEntry(byte[] row) {
        Direct.InitializeIpForwardEntry(row);
    }

    @Override
    public int createIpForwardEntry2(byte[] row) {
        return Direct.CreateIpForwardEntry2(row);
    }

    @Override
    public int deleteIpForwardEntry2(byte[] row) {
        return Direct.DeleteIpForwardEntry2(row);
    }

    @Override
    public int convertInterfaceAliasToLuid(String alias, long[] luid) {
        return Direct.ConvertInterfaceAliasToLuid(new WString(alias), luid);
    }

    @Override
    public int convertInterfaceLuidToGuid(long luid, byte[] guid) {
        return Direct.ConvertInterfaceLuidToGuid(new long[] {luid}, guid);
    }
}
