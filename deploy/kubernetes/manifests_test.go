// Package kubernetes checks the manifests of this directory against the
// Kubernetes API types. It is a module of its own, so that optbench itself
// does not depend on the Kubernetes API; .ci/run tests it.
package kubernetes

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// decode reads file strictly into v: an unknown or misspelt field is an
// error, as kubectl apply --validate=strict has it.
func decode(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

func TestManifests(t *testing.T) {
	var pvc corev1.PersistentVolumeClaim
	decode(t, "pvc.yaml", &pvc)
	if pvc.Kind != "PersistentVolumeClaim" || pvc.APIVersion != "v1" || !slices.Contains(pvc.Spec.AccessModes, corev1.ReadWriteMany) {
		t.Errorf("pvc.yaml: %s %s, access modes %v; want a ReadWriteMany claim", pvc.APIVersion, pvc.Kind, pvc.Spec.AccessModes)
	}
	var sweep, merge batchv1.Job
	decode(t, "sweep-job.yaml", &sweep)
	decode(t, "merge-job.yaml", &merge)
	for _, j := range []*batchv1.Job{&sweep, &merge} {
		if j.APIVersion != "batch/v1" || j.Kind != "Job" {
			t.Errorf("%s: %s %s, want batch/v1 Job", j.Name, j.APIVersion, j.Kind)
		}
		pod := j.Spec.Template.Spec
		if pod.RestartPolicy != corev1.RestartPolicyNever && pod.RestartPolicy != corev1.RestartPolicyOnFailure {
			t.Errorf("%s: restartPolicy %q, a Job needs Never or OnFailure", j.Name, pod.RestartPolicy)
		}
		if len(pod.Containers) != 1 || len(pod.Volumes) != 1 || pod.Volumes[0].PersistentVolumeClaim == nil ||
			pod.Volumes[0].PersistentVolumeClaim.ClaimName != pvc.Name {
			t.Fatalf("%s: want one container and the volume of claim %s", j.Name, pvc.Name)
		}
		c := pod.Containers[0]
		if len(c.VolumeMounts) != 1 || c.VolumeMounts[0].Name != pod.Volumes[0].Name || c.VolumeMounts[0].MountPath != "/results" {
			t.Errorf("%s: volume mounts %+v, want %s at /results", j.Name, c.VolumeMounts, pod.Volumes[0].Name)
		}
	}
	s := sweep.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion || s.Completions == nil {
		t.Fatal("sweep-job.yaml: want an Indexed Job with completions")
	}
	c := s.Template.Spec.Containers[0]
	args := strings.Join(c.Args, " ")
	if !strings.HasPrefix(args, "compare -shard auto ") || !strings.Contains(args, "-out /results/sweep") {
		t.Errorf("sweep-job.yaml: args %q, want compare -shard auto ... -out /results/sweep", args)
	}
	shards := ""
	for _, e := range c.Env {
		if e.Name == "OPTBENCH_SHARDS" {
			shards = e.Value
		}
	}
	if want := strconv.Itoa(int(*s.Completions)); shards != want {
		t.Errorf("sweep-job.yaml: OPTBENCH_SHARDS %q, completions %s: they must be equal", shards, want)
	}
	if m := strings.Join(merge.Spec.Template.Spec.Containers[0].Args, " "); m != "report /results/sweep -out /results/sweep/merged" {
		t.Errorf("merge-job.yaml: args %q", m)
	}
}
