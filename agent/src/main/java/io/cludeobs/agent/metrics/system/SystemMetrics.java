package io.cludeobs.agent.metrics.system;

import io.cludeobs.agent.AgentLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Host metrics read with OSHI, named as in the OpenTelemetry system and process conventions. OSHI
 * is read by {@link #refresh()} on the collectors' thread, once per collection interval; the
 * instrument callbacks only copy the last reading, so extra readers (Prometheus scrapes) cost
 * nothing more.
 */
public final class SystemMetrics implements Runnable {

  static final AttributeKey<String> CPU_MODE = AttributeKey.stringKey("cpu.mode");
  static final AttributeKey<String> MEMORY_STATE = AttributeKey.stringKey("system.memory.state");
  static final AttributeKey<String> DEVICE = AttributeKey.stringKey("system.device");
  static final AttributeKey<String> DISK_DIRECTION = AttributeKey.stringKey("disk.io.direction");
  static final AttributeKey<String> INTERFACE = AttributeKey.stringKey("network.interface.name");
  static final AttributeKey<String> NETWORK_DIRECTION = AttributeKey.stringKey("network.io.direction");

  private static final Attributes[] CPU_MODE_ATTRIBUTES = new Attributes[CpuModes.MODES.length];
  private static final Attributes USED = Attributes.of(MEMORY_STATE, "used");
  private static final Attributes FREE = Attributes.of(MEMORY_STATE, "free");

  static {
    for (int i = 0; i < CpuModes.MODES.length; i++) {
      CPU_MODE_ATTRIBUTES[i] = Attributes.of(CPU_MODE, CpuModes.MODES[i]);
    }
  }

  private final CentralProcessor cpu;
  private final GlobalMemory memory;
  private final OperatingSystem os;
  private final int pid;
  private final List<HWDiskStore> disks;
  private final List<NetworkIF> interfaces;
  private final Attributes[][] diskAttributes;
  private final Attributes[][] interfaceAttributes;

  private long[] lastTicks;
  private OSProcess lastProcess;
  private volatile Reading reading;

  private SystemMetrics(HardwareAbstractionLayer hal, OperatingSystem os) {
    this.cpu = hal.getProcessor();
    this.memory = hal.getMemory();
    this.os = os;
    this.pid = os.getProcessId();
    this.disks = hal.getDiskStores();
    this.interfaces = hal.getNetworkIFs();
    this.diskAttributes = new Attributes[disks.size()][2];
    for (int i = 0; i < disks.size(); i++) {
      String name = disks.get(i).getName();
      diskAttributes[i][0] = Attributes.of(DEVICE, name, DISK_DIRECTION, "read");
      diskAttributes[i][1] = Attributes.of(DEVICE, name, DISK_DIRECTION, "write");
    }
    this.interfaceAttributes = new Attributes[interfaces.size()][2];
    for (int i = 0; i < interfaces.size(); i++) {
      String name = interfaces.get(i).getName();
      interfaceAttributes[i][0] = Attributes.of(INTERFACE, name, NETWORK_DIRECTION, "receive");
      interfaceAttributes[i][1] = Attributes.of(INTERFACE, name, NETWORK_DIRECTION, "transmit");
    }
    this.lastTicks = cpu.getSystemCpuLoadTicks();
    this.lastProcess = os.getProcess(pid);
  }

  /**
   * Loads OSHI and registers the instruments; null, after one line on stderr, when OSHI cannot
   * load on this platform. Call it off the application's threads: the first OSHI call takes tens
   * of milliseconds.
   */
  public static SystemMetrics start(Meter meter) {
    SystemMetrics m;
    try {
      SystemInfo info = new SystemInfo();
      m = new SystemMetrics(info.getHardware(), info.getOperatingSystem());
      m.refresh();
    } catch (Throwable t) {
      // UnsatisfiedLinkError, NoClassDefFoundError, UnsupportedOperationException: all mean the same
      AgentLog.info(
          "system metrics are off: OSHI cannot read this platform ("
              + t
              + "); set clude.obs.metrics.system=false to skip them; JVM and application metrics still run");
      return null;
    }
    m.register(meter);
    return m;
  }

  /** Refreshes; the collectors' thread calls this once per collection interval. */
  @Override
  public void run() {
    refresh();
  }

  /** Reads OSHI once; the instruments report this reading until the next one. */
  public void refresh() {
    Reading r = new Reading();
    long[] ticks = cpu.getSystemCpuLoadTicks();
    r.cpuModes = CpuModes.utilization(lastTicks, ticks);
    lastTicks = ticks;
    r.logicalCpus = cpu.getLogicalProcessorCount();
    r.loadAverage = cpu.getSystemLoadAverage(3);
    r.memoryTotal = memory.getTotal();
    r.memoryAvailable = memory.getAvailable();
    OSProcess process = os.getProcess(pid);
    if (process != null && lastProcess != null) {
      r.processCpu = processUtilization(lastProcess, process, r.logicalCpus);
    } else {
      r.processCpu = -1;
    }
    lastProcess = process;
    r.disk = new long[disks.size()][4];
    for (int i = 0; i < disks.size(); i++) {
      HWDiskStore d = disks.get(i);
      d.updateAttributes();
      r.disk[i][0] = d.getReadBytes();
      r.disk[i][1] = d.getWriteBytes();
      r.disk[i][2] = d.getReads();
      r.disk[i][3] = d.getWrites();
    }
    r.network = new long[interfaces.size()][6];
    for (int i = 0; i < interfaces.size(); i++) {
      NetworkIF n = interfaces.get(i);
      n.updateAttributes();
      r.network[i][0] = n.getBytesRecv();
      r.network[i][1] = n.getBytesSent();
      r.network[i][2] = n.getPacketsRecv();
      r.network[i][3] = n.getPacketsSent();
      r.network[i][4] = n.getInErrors();
      r.network[i][5] = n.getOutErrors();
    }
    reading = r;
  }

  /** CPU time used between two readings over the wall time that passed, times the CPUs. */
  static double processUtilization(OSProcess before, OSProcess after, int cpus) {
    long cpuMillis =
        (after.getKernelTime() + after.getUserTime()) - (before.getKernelTime() + before.getUserTime());
    long wallMillis = after.getUpTime() - before.getUpTime();
    if (wallMillis <= 0 || cpus <= 0) {
      return -1;
    }
    return Math.max(0.0, (double) cpuMillis / (wallMillis * (double) cpus));
  }

  private void register(Meter meter) {
    meter
        .gaugeBuilder("system.cpu.utilization")
        .setDescription("Share of CPU time in each mode since the last collection, over all logical CPUs.")
        .setUnit("1")
        .buildWithCallback(
            m -> {
              double[] shares = reading.cpuModes;
              for (int i = 0; i < shares.length; i++) {
                m.record(shares[i], CPU_MODE_ATTRIBUTES[i]);
              }
            });
    meter
        .upDownCounterBuilder("system.cpu.logical.count")
        .setDescription("Number of logical CPUs.")
        .setUnit("{cpu}")
        .buildWithCallback(m -> m.record(reading.logicalCpus));
    loadAverage(meter, "system.cpu.load_average.1m", 0);
    loadAverage(meter, "system.cpu.load_average.5m", 1);
    loadAverage(meter, "system.cpu.load_average.15m", 2);
    meter
        .gaugeBuilder("process.cpu.utilization")
        .setDescription("CPU time of this process since the last collection over elapsed time times the CPUs.")
        .setUnit("1")
        .buildWithCallback(
            m -> {
              if (reading.processCpu >= 0) {
                m.record(reading.processCpu);
              }
            });
    meter
        .upDownCounterBuilder("system.memory.usage")
        .setDescription("Memory in use and available.")
        .setUnit("By")
        .buildWithCallback(
            m -> {
              Reading r = reading;
              m.record(r.memoryTotal - r.memoryAvailable, USED);
              m.record(r.memoryAvailable, FREE);
            });
    meter
        .gaugeBuilder("system.memory.utilization")
        .setDescription("Share of memory in use and available.")
        .setUnit("1")
        .buildWithCallback(
            m -> {
              Reading r = reading;
              if (r.memoryTotal > 0) {
                m.record((double) (r.memoryTotal - r.memoryAvailable) / r.memoryTotal, USED);
                m.record((double) r.memoryAvailable / r.memoryTotal, FREE);
              }
            });
    meter
        .upDownCounterBuilder("system.memory.limit")
        .setDescription("Total physical memory.")
        .setUnit("By")
        .buildWithCallback(m -> m.record(reading.memoryTotal));
    pairs(meter, "system.disk.io", "Bytes read from and written to each disk.", "By", true, 0);
    pairs(meter, "system.disk.operations", "Reads and writes completed per disk.", "{operation}", true, 2);
    pairs(meter, "system.network.io", "Bytes received and sent per interface.", "By", false, 0);
    pairs(meter, "system.network.packet.count", "Packets received and sent per interface.", "{packet}", false, 2);
    pairs(meter, "system.network.errors", "Receive and transmit errors per interface.", "{error}", false, 4);
  }

  private void loadAverage(Meter meter, String name, final int index) {
    meter
        .gaugeBuilder(name)
        .setDescription("Run-queue load average (not available on Windows).")
        .setUnit("{run_queue_item}")
        .buildWithCallback(
            (ObservableDoubleMeasurement m) -> {
              double[] load = reading.loadAverage;
              // OSHI gives a negative value where the platform has no load average
              if (load.length > index && load[index] >= 0) {
                m.record(load[index]);
              }
            });
  }

  /** A cumulative counter with one point per device and direction, from columns offset and offset+1. */
  private void pairs(Meter meter, String name, String description, String unit, final boolean disk, final int offset) {
    meter
        .counterBuilder(name)
        .setDescription(description)
        .setUnit(unit)
        .buildWithCallback(
            (ObservableLongMeasurement m) -> {
              Reading r = reading;
              long[][] values = disk ? r.disk : r.network;
              Attributes[][] attributes = disk ? diskAttributes : interfaceAttributes;
              for (int i = 0; i < values.length; i++) {
                m.record(values[i][offset], attributes[i][0]);
                m.record(values[i][offset + 1], attributes[i][1]);
              }
            });
  }

  /** Names the devices and interfaces OSHI found, for the debug log. */
  @Override
  public String toString() {
    return "system metrics for " + devices();
  }

  List<String> devices() {
    List<String> names = new ArrayList<>();
    for (HWDiskStore d : disks) {
      names.add(d.getName());
    }
    for (NetworkIF n : interfaces) {
      names.add(n.getName());
    }
    return names;
  }

  /** One OSHI reading; replaced whole so callbacks never see half of one. */
  private static final class Reading {
    double[] cpuModes;
    int logicalCpus;
    double[] loadAverage;
    long memoryTotal;
    long memoryAvailable;
    double processCpu;
    long[][] disk;
    long[][] network;
  }
}
