package org.gost4j.device.windows.internal;

/**
 * The IP Helper (iphlpapi.dll) calls that configure an interface. Rows travel as byte arrays laid out as
 * {@link IpHelperStructs} describes, copied in and back out. Calls return a NETIO_STATUS, 0 on success.
 */
interface IpHelperApi {

    void initializeIpInterfaceEntry(byte[] row);

    int getIpInterfaceEntry(byte[] row);

    int setIpInterfaceEntry(byte[] row);

    void initializeUnicastIpAddressEntry(byte[] row);

    int createUnicastIpAddressEntry(byte[] row);

    void initializeIpForwardEntry(byte[] row);

    int createIpForwardEntry2(byte[] row);

    int deleteIpForwardEntry2(byte[] row);

    /** @param luid receives the interface's NET_LUID */
    int convertInterfaceAliasToLuid(String alias, long[] luid);

    /** @param guid receives the 16-byte GUID */
    int convertInterfaceLuidToGuid(long luid, byte[] guid);
}
