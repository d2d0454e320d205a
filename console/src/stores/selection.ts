import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ok, type Schemas } from '../api/client';

/** The batch the school pages work on, kept while moving between them. */
export const useSelection = defineStore('selection', () => {
  const batches = ref<Schemas['BatchResponse'][]>([]);
  const batchId = ref<string | null>(null);

  async function load(force = false) {
    if (batches.value.length && !force) return;
    batches.value = await ok(api.GET('/api/v1/staff/batches'));
    if (!batchId.value && batches.value.length) batchId.value = batches.value[0]!.id;
  }

  return { batches, batchId, load };
});
