package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecJson;
import org.junit.jupiter.api.Test;

/** What `update` records: the update's resources merged field by field into the old ones. */
class ResourceUpdatesTest {

  private static Linux.Resources resources(String json) {
    return SpecJson.parse(json, "resources.json", Linux.Resources.class);
  }

  @Test
  void setFieldsReplaceListsWholeOthersStay() {
    Linux.Resources old = resources("{\"devices\": [{\"allow\": false, \"access\": \"rwm\"}],"
        + " \"memory\": {\"limit\": 100, \"swap\": 200}, \"cpu\": {\"shares\": 5, \"cpus\": \"0\"},"
        + " \"x-kept\": {\"a\": [1, 2.50]}}");
    Linux.Resources update = resources("{\"devices\": [{\"allow\": true}],"
        + " \"memory\": {\"limit\": -1}, \"cpu\": {\"cpus\": \"1\"}, \"pids\": {\"limit\": 10}}");
    assertThat(ResourceUpdates.merge(old, update)).isEqualTo(resources("{\"devices\": [{\"allow\": true}],"
        + " \"memory\": {\"limit\": -1, \"swap\": 200}, \"cpu\": {\"shares\": 5, \"cpus\": \"1\"},"
        + " \"pids\": {\"limit\": 10}, \"x-kept\": {\"a\": [1, 2.50]}}"));
    assertThat(ResourceUpdates.merge(null, update)).isSameAs(update);
  }

  @Test
  void theSpecGetsTheMergedResources() {
    Spec spec = Spec.builder().hostname("h").build();
    Linux.Resources update = resources("{\"pids\": {\"limit\": 3}}");
    Spec recorded = ResourceUpdates.record(spec, update);
    assertThat(recorded.hostname()).isEqualTo("h");
    assertThat(recorded.linux().resources()).isEqualTo(update);
  }
}
